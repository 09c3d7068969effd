"""Currency mutations: create, update, delete inside the user's company."""

import strawberry

from core.schema.mutations import tenant_create, tenant_delete, tenant_update
from currencies.models import Currency
from currencies.schema.inputs import CurrencyInput, CurrencyPartialInput
from currencies.schema.types import CurrencyType


@strawberry.type
class Mutation:
    """Currency changes; one default per company, a default never inherits, no inheritance cycles."""

    create_currency: CurrencyType = tenant_create(model=Currency, input_type=CurrencyInput, output_type=CurrencyType)
    update_currency: CurrencyType = tenant_update(
        model=Currency, input_type=CurrencyPartialInput, output_type=CurrencyType
    )
    delete_currency = tenant_delete(model=Currency)
