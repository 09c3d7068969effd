"""The integration activation handshake: Magento hands the credentials over itself.

The merchant gives the integration, in Magento, the Callback URL of their channel
(`/integrations/magento2/activate/<activation key>`) and clicks *Activate*. Magento POSTs the
consumer key and secret and a verifier there; OneSila asks the store for a request token
(`POST /oauth/token/request`, signed with the consumer), exchanges it with the verifier for the
access token and secret (`POST /oauth/token/access`), stores the four values encrypted and connects
the channel (credentials check and metadata pulls). Both token requests are signed by
requests-oauthlib and go through the channel's shared session; the store URL is the channel's own,
never the `store_base_url` of the form (which the sender controls).
"""

import secrets
from urllib.parse import parse_qsl

from django.db import transaction
from requests_oauthlib import OAuth1

from sales_channels.exceptions import AuthExpired, SalesChannelError
from sales_channels.factories.clients import build_session
from sales_channels.integrations.magento2.factories.sales_channels.connect import connect_with_credentials
from sales_channels.integrations.magento2.models import Magento2SalesChannel

FORM_FIELDS = ("oauth_consumer_key", "oauth_consumer_secret", "oauth_verifier")


class Magento2ActivationError(SalesChannelError):
    """The activation could not finish; the message says why."""


def ensure_activation_key(*, channel: Magento2SalesChannel) -> str:
    """The channel's activation key (made once): it names the channel in the callback URL given to Magento."""
    if not channel.activation_key:
        channel.activation_key = secrets.token_urlsafe(24)
        Magento2SalesChannel.objects.filter(pk=channel.pk).update(activation_key=channel.activation_key)
    return channel.activation_key


def _token(*, session, url: str, auth: OAuth1) -> tuple[str, str]:
    try:
        response = session.post(url, auth=auth, idempotent=False)
    except AuthExpired as error:
        raise Magento2ActivationError(
            "Magento refused the token exchange (HTTP 401): activate the integration again."
        ) from error
    session.raise_for_vendor_status(response)
    answer = dict(parse_qsl(response.text))
    if not answer.get("oauth_token") or not answer.get("oauth_token_secret"):
        raise Magento2ActivationError("Magento's token answer has no oauth_token and oauth_token_secret.")
    return answer["oauth_token"], answer["oauth_token_secret"]


def complete_activation(*, channel: Magento2SalesChannel, form: dict[str, str]) -> str:
    """Exchange the posted consumer credentials and verifier for the access token, store all four, connect."""
    missing = [name for name in FORM_FIELDS if not form.get(name)]
    if missing:
        raise Magento2ActivationError(f"The activation request lacks {', '.join(missing)}.")
    consumer_key, consumer_secret = form["oauth_consumer_key"], form["oauth_consumer_secret"]
    store = channel.store_url
    session = build_session(channel=channel)
    session.add_secret(consumer_secret)
    with session:
        request_token, request_secret = _token(
            session=session,
            url=f"{store}/oauth/token/request",
            auth=OAuth1(consumer_key, client_secret=consumer_secret, signature_method="HMAC-SHA256"),
        )
        session.add_secret(request_secret)
        access_token, access_secret = _token(
            session=session,
            url=f"{store}/oauth/token/access",
            auth=OAuth1(
                consumer_key,
                client_secret=consumer_secret,
                resource_owner_key=request_token,
                resource_owner_secret=request_secret,
                verifier=form["oauth_verifier"],
                signature_method="HMAC-SHA256",
            ),
        )
    with transaction.atomic():
        channel.consumer_key, channel.consumer_secret = consumer_key, consumer_secret
        channel.access_token, channel.access_token_secret = access_token, access_secret
        channel.auth_method = Magento2SalesChannel.AuthMethod.OAUTH1
        channel.save()
    return connect_with_credentials(channel=channel)
