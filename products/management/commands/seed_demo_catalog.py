"""`manage.py seed_demo_catalog`: a thin wrapper around `products.demo.seeder.seed_demo_catalog`."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from products.demo.seeder import DEFAULT_LANGUAGES, DEFAULT_SEED, parse_language_codes, seed_demo_catalog
from products.demo.summary import catalog_summary

DEFAULT_PRODUCTS = 1000


class Command(BaseCommand):
    """Seed (or complete) a demo company with a realistic catalog."""

    help = (
        "Create or reuse company NAME (languages from --language-codes), a staff user demo/demo owning it, "
        "and a deterministic catalog: configurables with 3-12 variations, simple and bundle products, product "
        "types with property rules, translations, EAN codes, prices in EUR and GBP (USD inherits from EUR), "
        "stock in two locations and shared generated images. Size it one of two ways: --products N (the "
        "default, N=1000) plans exactly N products in total, variations included, in the default mix (about "
        "22% of the families configurables, 13% bundles); --listings N [--configurables M] plans exactly N "
        "top-level products (what a sales channel lists), of which exactly M (default 22% of N) are "
        "configurables whose 3-12 variations each come on top of N, the rest bundles and simple products "
        "(13:65). Running it again with the same arguments creates nothing new. Rows are written with "
        "bulk_create, which bypasses model signals: seeding sends no catalog_changed and queues no "
        "sales-channel sync."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--company", required=True, help="Company name (created when missing).")
        parser.add_argument(
            "--products",
            type=int,
            default=None,
            help="Products in total, variations included (default 1000). Not with --listings.",
        )
        parser.add_argument(
            "--listings",
            type=int,
            default=None,
            help="Instead of --products: exactly N top-level products (configurables, simple and bundles); "
            "variations are extra rows on top of N.",
        )
        parser.add_argument(
            "--configurables",
            type=int,
            default=None,
            help="With --listings: exactly M of the listings are configurables, each with 3-12 variations "
            "(default 22%% of the listings); the rest are bundles and simple products.",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Random seed: same seed, same catalog.")
        parser.add_argument(
            "--language-codes", default=",".join(DEFAULT_LANGUAGES), help="Comma-separated, e.g. en,nl."
        )
        parser.add_argument("--username", default="demo", help="Demo user (password 'demo').")

    def handle(self, *args, **options) -> None:
        products, listings = options["products"], options["listings"]
        if products is not None and listings is not None:
            raise CommandError("Give either --products or --listings, not both.")
        if options["configurables"] is not None and listings is None:
            raise CommandError("--configurables needs --listings.")
        if listings is None and products is None:
            products = DEFAULT_PRODUCTS
        try:
            languages = parse_language_codes(value=options["language_codes"])
            result = seed_demo_catalog(
                company_name=options["company"],
                products=products,
                listings=listings,
                configurables=options["configurables"],
                seed=options["seed"],
                languages=languages,
                username=options["username"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Company '{options['company']}' (id {result.company_id}), user {result.username} / demo: "
            f"created {result.created_products} of {result.planned} planned products "
            f"({result.skipped} already present) in {result.total_seconds:.2f}s "
            f"({', '.join(f'{step} {seconds:.2f}s' for step, seconds in result.seconds.items())})."
        )
        self.stdout.write(f"Listings (top-level products): {result.listings}.")
        created = {label: count for label, count in result.created.items() if count}
        if created:
            self.stdout.write("Rows created: " + ", ".join(f"{label} {count}" for label, count in created.items()))
        summary = catalog_summary(company=result.company_id)
        width = max(len(label) for label in summary)
        self.stdout.write("Catalog summary:")
        for label, count in summary.items():
            self.stdout.write(f"  {label.ljust(width)}  {count}")
