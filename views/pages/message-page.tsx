/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Child } from '#jsx/jsx-runtime'
import type { Locale } from '../../src/i18n/locale.js'
import { Layout } from '../layout.js'

export interface MessagePageProps {
  locale: Locale
  title: string
  paragraphs: string[]
  children?: Child
}

/** A page that only tells something: "check your inbox", "link sent", "this link is gone". */
export function MessagePage({ locale, title, paragraphs, children }: MessagePageProps) {
  return (
    <Layout locale={locale} title={title}>
      {paragraphs.map((text, index) => (index === 0 ? <p role="status">{text}</p> : <p>{text}</p>))}
      {children}
    </Layout>
  )
}
