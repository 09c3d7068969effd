"""Demo catalog seeding: a realistic, deterministic catalog written with `bulk_create`.

- `vocabulary`: the words (properties, values, product types, texts) in English and Dutch;
- `plan`: pure planning from `random.Random(seed)` into families of `ProductSpec`;
- `reference`: the company, demo user, currencies, locations, properties and rules (get-or-create);
- `images`: a handful of Pillow-drawn PNGs, deduplicated by content hash;
- `writer`: bulk inserts of the plan's missing families (no model signals are sent);
- `seeder`: `seed_demo_catalog()` ties them together in one transaction;
- `summary`: `catalog_summary()` counts a company's catalog rows.
"""
