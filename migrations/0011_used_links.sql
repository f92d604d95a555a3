-- Single-use links (download-my-data, erase-my-data): the signature of each link spent, so a
-- second use answers 410. The links live one hour; rows older than that may be pruned.
CREATE TABLE used_links (
  id TEXT PRIMARY KEY,
  used_at BIGINT NOT NULL
);

CREATE INDEX used_links_used_at ON used_links (used_at);
