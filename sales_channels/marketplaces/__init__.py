"""What every marketplace integration (Amazon, eBay) shares: views per marketplace, schemas, validation, issues.

A marketplace lists per view (`Capabilities(kind="marketplace")`: the task runner fans every push
out to one task and one `RemoteProduct` mirror per view). On top of that this package gives:

- `views.sync_marketplace_views(channel=, marketplaces=[MarketplaceInfo(...)])`: the vendor's
  marketplaces become `SalesChannelView`s with a view-scoped `RemoteCurrency` and `RemoteLanguage`
  (auto-mapped to the company's currency by ISO code and to the language code); idempotent, and a
  marketplace the vendor no longer lists is deactivated, never deleted.
- `schemas.store_schema(view=, remote_type=, schema=, attributes=[SchemaAttributeInfo(...)], ...)`:
  stores a product type's (or category's) schema once per view, replacing its attributes only when
  the checksum or version changed (`schemas.schema_is_current(...)` lets an import skip the download);
  existing attribute mappings survive a refresh. `attributes_from_json_schema(schema)` derives the
  attributes of a JSON Schema (Amazon's product type definitions; any JSON-Schema vendor).
- `mapping.automap_attributes(schema=)`: maps local properties to attributes by internal name or
  translated name, and local select values to allowed values by name; `mapping.map_product_type(...)`
  ties a local product type to a schema in a view; `mapping.schema_for_product(...)` finds it back;
  `mapping.missing_required(schema=)` lists every required attribute without a mapping.
- `validation.validate_listing(schema=, listing=)`: JSON Schema 2019-09 validation plus the
  marketplace vocabulary (`maxUtf8ByteLength`, `minUtf8ByteLength`, `maxUniqueItems`,
  `minUniqueItems`, `selectors`); annotation keywords are ignored and any other unknown keyword is
  reported as unchecked instead of silently passing. Returns a `ValidationReport` of `Violation`s
  phrased for the merchant.
- `issues.store_issues(remote_product=, source=, issues=[IssueInfo(...)])` replaces one source's
  issues on a listing mirror (`ListingIssue`); `issues.ListingInvalid` is the non-retryable error a
  step raises when the schema check fails, so the task fails with the violations and nothing is sent.
"""
