"""GraphQL inputs of the Magento 2 channel: the credentials are write-only inputs."""

import strawberry
from strawberry import UNSET


@strawberry.input(description="A new Magento 2 channel and the integration's credentials (checked at once).")
class Magento2SalesChannelCreateInput:
    """A Magento 2 store to connect: its URL and the integration's four OAuth values."""

    name: str
    base_url: str
    auth_method: str | None = UNSET
    consumer_key: str | None = UNSET
    consumer_secret: str | None = UNSET
    access_token: str | None = UNSET
    access_token_secret: str | None = UNSET


@strawberry.input(description="Changes to one Magento 2 channel.")
class Magento2SalesChannelPartialInput:
    """Changes to a Magento 2 channel; omitted fields stay as they are."""

    id: strawberry.ID
    name: str | None = UNSET
    active: bool | None = UNSET
    source_code: str | None = UNSET
