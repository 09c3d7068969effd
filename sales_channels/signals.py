"""Framework signals integrations hook into (metadata pulls after a channel is created or re-authorised).

- `sales_channel_created(sender=<channel class>, instance=<channel>)`: sent once, on commit, when
  a channel row is created; integrations pull views, languages and currencies.
- `refresh_website_pull_models(sender=<channel class>, instance=<channel>)`: sent by an
  integration's auth flow once credentials are valid (and by surfaces' "pull metadata" action).
"""

from django.dispatch import Signal

sales_channel_created = Signal()
refresh_website_pull_models = Signal()
