"""The notification set-up a merchant triggers (GraphQL or admin): the ARN checked, vendor failures in words.

Both surfaces call `run_subscription`; it checks the SQS ARN's shape before anything is sent, refuses
a channel that holds no seller authorization, and turns a vendor failure into one readable sentence
(`explain_failure`). The answer never carries the relay's notification key: the deployment derives
it on the server (`notification_key`).
"""

import re
from dataclasses import dataclass

from sales_channels.exceptions import SalesChannelError
from sales_channels.explain import explain_failure
from sales_channels.integrations.amazon.client import AmazonAuthError
from sales_channels.integrations.amazon.factories.notifications import (
    NotificationSetup,
    inbox_path,
    subscribe_notifications,
)
from sales_channels.integrations.amazon.models import AmazonSalesChannel

SQS_ARN_SHAPE = "arn:aws:sqs:<region>:<12-digit account id>:<queue name>"
SQS_ARN = re.compile(r"^arn:aws:sqs:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,80}(?:\.fifo)?$")


class SubscriptionRefused(Exception):
    """The set-up could not run or the vendor refused it; `field` names the input at fault, if one is."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class SubscriptionOutcome:
    """The set-up's result and where the relay posts the channel's notifications."""

    setup: NotificationSetup
    inbox_path: str

    def summary(self) -> str:
        """One line for a merchant: destination found or created, subscriptions added or already there."""
        destination = "created" if self.setup.destination_created else "already present"
        added = ", ".join(self.setup.created) or "none (all were already subscribed)"
        return (
            f"SQS destination {self.setup.destination_id} {destination}; "
            f"{len(self.setup.subscriptions)} subscription(s), added: {added}. "
            f"Relay the queue's messages to {self.inbox_path}."
        )


def check_sqs_arn(*, sqs_arn: str, field: str) -> str:
    """The ARN stripped, or `SubscriptionRefused` naming `field` and the expected shape."""
    cleaned = sqs_arn.strip()
    if not SQS_ARN.match(cleaned):
        raise SubscriptionRefused(
            f"{field}: '{cleaned[:120]}' is not an SQS queue ARN; expected {SQS_ARN_SHAPE}.", field=field
        )
    return cleaned


def run_subscription(*, channel: AmazonSalesChannel, sqs_arn: str, field: str = "sqsArn") -> SubscriptionOutcome:
    """Check the ARN and the channel, then create what is missing (destination, subscriptions) at Amazon."""
    cleaned = check_sqs_arn(sqs_arn=sqs_arn, field=field)
    if not channel.refresh_token:
        raise SubscriptionRefused(
            f"{channel.name}: the channel holds no seller authorization yet; connect it, then subscribe."
        )
    try:
        setup = subscribe_notifications(channel=channel, sqs_arn=cleaned)
    except SalesChannelError as error:
        reason = explain_failure(error=error, vendor="Amazon")
        if isinstance(error, AmazonAuthError):
            reason = (
                f"{reason.rstrip('.')}. Reconnect the channel (or correct its LWA credentials), then subscribe again."
            )
        raise SubscriptionRefused(f"{channel.name}: the notification set-up failed. {reason}") from error
    return SubscriptionOutcome(setup=setup, inbox_path=inbox_path(channel))
