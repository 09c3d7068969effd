"""The words of the demo catalog: properties, their values and product types, in English and Dutch.

Every label is a `{language: text}` dict; a language with no entry falls back to English
(`label()`), so the seeder runs for any of the project's languages.
"""

from dataclasses import dataclass, field

from properties.models import Property

FALLBACK_LANGUAGE = "en"


def label(*, labels: dict[str, str], language: str) -> str:
    """The text in `language`, else the English text."""
    return labels.get(language) or labels[FALLBACK_LANGUAGE]


def _same(*values: str) -> dict[str, dict[str, str]]:
    """Values written the same in every language (brands, sizes)."""
    return {value.lower(): {"en": value} for value in values}


@dataclass(frozen=True)
class PropertySpec:
    """A demo property: its type, names and (for SELECT/MULTISELECT) its values by key."""

    type: str
    names: dict[str, str]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    add_to_filters: bool = False


PROPERTIES: dict[str, PropertySpec] = {
    "color": PropertySpec(
        Property.Type.SELECT,
        {"en": "Color", "nl": "Kleur"},
        {
            "black": {"en": "Black", "nl": "Zwart"},
            "white": {"en": "White", "nl": "Wit"},
            "red": {"en": "Red", "nl": "Rood"},
            "navy": {"en": "Navy", "nl": "Marineblauw"},
            "green": {"en": "Green", "nl": "Groen"},
            "yellow": {"en": "Yellow", "nl": "Geel"},
            "grey": {"en": "Grey", "nl": "Grijs"},
            "pink": {"en": "Pink", "nl": "Roze"},
        },
        add_to_filters=True,
    ),
    "size": PropertySpec(
        Property.Type.SELECT, {"en": "Size", "nl": "Maat"}, _same("XS", "S", "M", "L", "XL", "XXL"), True
    ),
    "shoe_size": PropertySpec(
        Property.Type.SELECT,
        {"en": "Shoe size", "nl": "Schoenmaat"},
        _same("38", "39", "40", "41", "42", "43", "44", "45"),
        True,
    ),
    "material": PropertySpec(
        Property.Type.SELECT,
        {"en": "Material", "nl": "Materiaal"},
        {
            "cotton": {"en": "Cotton", "nl": "Katoen"},
            "wool": {"en": "Wool", "nl": "Wol"},
            "linen": {"en": "Linen", "nl": "Linnen"},
            "leather": {"en": "Leather", "nl": "Leer"},
            "polyester": {"en": "Recycled polyester", "nl": "Gerecycled polyester"},
            "canvas": {"en": "Canvas", "nl": "Canvas"},
        },
        add_to_filters=True,
    ),
    "brand": PropertySpec(
        Property.Type.SELECT,
        {"en": "Brand", "nl": "Merk"},
        _same("Nordvik", "Halden", "Maremo", "Oakfield", "Tessel", "Lumo"),
        True,
    ),
    "features": PropertySpec(
        Property.Type.MULTISELECT,
        {"en": "Features", "nl": "Kenmerken"},
        {
            "waterproof": {"en": "Waterproof", "nl": "Waterdicht"},
            "organic": {"en": "Organic", "nl": "Biologisch"},
            "recycled": {"en": "Recycled", "nl": "Gerecycled"},
            "vegan": {"en": "Vegan", "nl": "Veganistisch"},
            "handmade": {"en": "Handmade", "nl": "Handgemaakt"},
            "breathable": {"en": "Breathable", "nl": "Ademend"},
        },
    ),
    "care_instructions": PropertySpec(Property.Type.TEXT, {"en": "Care instructions", "nl": "Wasvoorschriften"}),
    "weight_grams": PropertySpec(Property.Type.INT, {"en": "Weight (g)", "nl": "Gewicht (g)"}),
    "width_cm": PropertySpec(Property.Type.FLOAT, {"en": "Width (cm)", "nl": "Breedte (cm)"}),
    "eco_friendly": PropertySpec(Property.Type.BOOLEAN, {"en": "Eco-friendly", "nl": "Milieuvriendelijk"}, {}, True),
}

PRODUCT_TYPE_NAMES = {"en": "Product type", "nl": "Producttype"}


@dataclass(frozen=True)
class ProductTypeSpec:
    """A demo product type: its names, SKU code, price range and the roles of its properties."""

    names: dict[str, str]
    code: str
    price_range: tuple[int, int]
    axes: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    @property
    def is_configurable(self) -> bool:
        return bool(self.axes)


PRODUCT_TYPES: dict[str, ProductTypeSpec] = {
    "t_shirt": ProductTypeSpec(
        {"en": "T-shirt", "nl": "T-shirt"},
        "TSH",
        (15, 45),
        axes=("color", "size"),
        required=("brand", "material", "weight_grams"),
        optional=("features", "care_instructions", "eco_friendly"),
    ),
    "hoodie": ProductTypeSpec(
        {"en": "Hoodie", "nl": "Hoodie"},
        "HOD",
        (40, 95),
        axes=("color", "size", "material"),
        required=("brand", "weight_grams"),
        optional=("features", "care_instructions"),
    ),
    "sneakers": ProductTypeSpec(
        {"en": "Sneakers", "nl": "Sneakers"},
        "SNK",
        (60, 160),
        axes=("color", "shoe_size"),
        required=("brand", "material", "weight_grams"),
        optional=("features", "eco_friendly"),
    ),
    "backpack": ProductTypeSpec(
        {"en": "Backpack", "nl": "Rugzak"},
        "BPK",
        (35, 120),
        axes=("color", "material"),
        required=("brand", "width_cm"),
        optional=("features", "weight_grams", "care_instructions"),
    ),
    "jacket": ProductTypeSpec(
        {"en": "Jacket", "nl": "Jas"},
        "JKT",
        (80, 260),
        axes=("color", "size", "material"),
        required=("brand", "weight_grams"),
        optional=("features", "care_instructions", "eco_friendly"),
    ),
    "mug": ProductTypeSpec(
        {"en": "Coffee mug", "nl": "Koffiemok"},
        "MUG",
        (8, 25),
        required=("brand", "color"),
        optional=("width_cm", "features", "care_instructions"),
    ),
    "desk_lamp": ProductTypeSpec(
        {"en": "Desk lamp", "nl": "Bureaulamp"},
        "LMP",
        (30, 140),
        required=("brand", "color", "weight_grams"),
        optional=("width_cm", "eco_friendly", "features"),
    ),
    "notebook": ProductTypeSpec(
        {"en": "Notebook", "nl": "Notitieboek"},
        "NBK",
        (5, 22),
        required=("brand",),
        optional=("color", "features", "width_cm"),
    ),
    "water_bottle": ProductTypeSpec(
        {"en": "Water bottle", "nl": "Drinkfles"},
        "BTL",
        (12, 40),
        required=("brand", "color", "material"),
        optional=("weight_grams", "eco_friendly", "features"),
    ),
    "gift_set": ProductTypeSpec(
        {"en": "Gift set", "nl": "Cadeauset"},
        "SET",
        (25, 150),
        required=("brand",),
        optional=("features", "eco_friendly"),
    ),
}
BUNDLE_TYPE = "gift_set"
CONFIGURABLE_TYPES = tuple(key for key, spec in PRODUCT_TYPES.items() if spec.is_configurable)
SIMPLE_TYPES = tuple(key for key, spec in PRODUCT_TYPES.items() if not spec.is_configurable and key != BUNDLE_TYPE)

MODEL_NAMES = (
    "Aurora", "Fjord", "Breeze", "Summit", "Harbor", "Meadow", "Ember", "Tide", "Cascade", "Drift",
    "Willow", "Granite", "Solstice", "Pebble", "Horizon", "Lagoon", "Cedar", "Nova", "Polar", "Dune",
)  # fmt: skip

ADJECTIVES = (
    {"en": "Classic", "nl": "klassiek"},
    {"en": "Lightweight", "nl": "lichtgewicht"},
    {"en": "Everyday", "nl": "alledaags"},
    {"en": "Premium", "nl": "premium"},
    {"en": "Essential", "nl": "essentieel"},
    {"en": "Urban", "nl": "urban"},
    {"en": "Outdoor", "nl": "outdoor"},
    {"en": "Minimal", "nl": "minimalistisch"},
)

NAME_TEMPLATES = {
    "en": "{brand} {adjective} {type} {model}",
    "nl": "{brand} {type} {model} ({adjective})",
}
SUBTITLE_TEMPLATES = {"en": "Part of the {model} collection", "nl": "Uit de {model}-collectie"}
DESCRIPTION_TEMPLATES = {
    "en": (
        "The {model} {type} by {brand} is made to last. {Adjective} design, honest materials and a fit "
        "that works from morning to night.",
        "Meet the {model}: a {type_lower} from {brand} with a {adjective_lower} look and carefully chosen "
        "details. Designed in Europe, built for everyday use.",
        "{brand} designed the {model} {type_lower} for people who want fewer, better things. "
        "{Adjective} in shape, generous in quality.",
    ),
    "nl": (
        "De {model} {type_lower} van {brand} is gemaakt om lang mee te gaan. Een {adjective} ontwerp, "
        "eerlijke materialen en een pasvorm die de hele dag werkt.",
        "Maak kennis met de {model}: een {type_lower} van {brand} met een {adjective} uitstraling en "
        "zorgvuldig gekozen details. Ontworpen in Europa, gemaakt voor elke dag.",
        "{brand} ontwierp de {model} {type_lower} voor wie minder maar betere spullen wil. "
        "{Adjective} van vorm, royaal in kwaliteit.",
    ),
}
BULLET_POINTS = (
    {"en": "Free returns within 30 days", "nl": "Gratis retourneren binnen 30 dagen"},
    {"en": "Two-year warranty", "nl": "Twee jaar garantie"},
    {"en": "Made in Europe", "nl": "Gemaakt in Europa"},
    {"en": "Plastic-free packaging", "nl": "Plasticvrije verpakking"},
    {"en": "Ships within 24 hours", "nl": "Binnen 24 uur verzonden"},
    {"en": "Designed to be repaired", "nl": "Ontworpen om te repareren"},
)
CARE_TEXTS = (
    {"en": "Machine wash at 30 °C, do not tumble dry.", "nl": "Machinewas op 30 °C, niet in de droger."},
    {"en": "Hand wash only.", "nl": "Alleen handwas."},
    {"en": "Wipe clean with a damp cloth.", "nl": "Reinigen met een vochtige doek."},
    {"en": "Dishwasher safe.", "nl": "Vaatwasserbestendig."},
)
BUNDLE_NAMES = {
    "en": "{brand} {model} gift set",
    "nl": "{brand} {model} cadeauset",
}

# Image pool: one picture per colour value, plus a few neutral "lifestyle" pictures.
IMAGE_COLORS = {
    "black": (33, 33, 33),
    "white": (245, 245, 240),
    "red": (200, 40, 45),
    "navy": (25, 40, 90),
    "green": (45, 130, 70),
    "yellow": (240, 200, 40),
    "grey": (140, 140, 145),
    "pink": (235, 150, 180),
}
LIFESTYLE_IMAGES = {
    "sand": ((222, 200, 160), (120, 90, 60)),
    "sky": ((150, 200, 235), (250, 250, 250)),
    "forest": ((30, 80, 50), (200, 170, 90)),
    "studio": ((230, 230, 230), (60, 60, 60)),
}

CURRENCIES = (
    # iso, name, symbol, default, inherits_from, rate
    ("EUR", "Euro", "€", True, None, "1"),
    ("GBP", "Pound sterling", "£", False, None, "1"),
    ("USD", "US dollar", "$", False, "EUR", "1.080000"),
)
PRICED_CURRENCIES = ("EUR", "GBP")
GBP_PER_EUR = "0.86"
LOCATIONS = (("Main warehouse", True), ("Amsterdam store", True))
PRICE_LIST_NAME = "Demo spring sale"
