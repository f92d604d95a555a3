// The official client ships no types; this declares the small part Prefcenter uses.
declare module '@mailchimp/mailchimp_marketing' {
  // biome-ignore lint/suspicious/noExplicitAny: the untyped client's answers are checked where they are read
  type Call = (...args: any[]) => Promise<any>

  export interface MailchimpApiClient {
    /** Base URL; the word `server` in it is replaced by `config.server`. */
    basePath: string
    /** Per-request timeout in milliseconds. */
    timeout: number
    setConfig(config: { apiKey?: string; accessToken?: string; server?: string }): void
    lists: {
      setListMember: Call
      updateListMember: Call
      batchListMembers: Call
      deleteListMember: Call
      deleteListMemberPermanent: Call
      getListMembersInfo: Call
      getListInterestCategories: Call
      createListInterestCategory: Call
      listInterestCategoryInterests: Call
      createInterestCategoryInterest: Call
      updateInterestCategoryInterest: Call
      getListMergeFields: Call
      addListMergeField: Call
    }
  }

  const client: MailchimpApiClient
  export default client
}
