-- Schema version 6: the responses of a campaign in entry order straight from an index. The
-- responses list reads them newest first in batches and shows the first batch at once; with
-- only response_campaign_idx (campaign, département, category), SQLite had to read and sort
-- all of a campaign's responses before handing over the first one (a second for 100,000).

CREATE INDEX response_campaign_order_idx ON response(campaign_id);
