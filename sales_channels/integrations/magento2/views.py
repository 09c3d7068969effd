"""The activation endpoint Magento POSTs an integration's credentials to (`/integrations/magento2/activate/<key>`).

Magento calls it server to server when the merchant clicks *Activate*: no session, no CSRF token;
the unguessable activation key names the channel. Magento expects HTTP 200 to go on; any other
status shows the merchant an error in Magento's admin (the body says why, without a secret).
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sales_channels.exceptions import SalesChannelError
from sales_channels.integrations.magento2.factories.sales_channels.activation import complete_activation
from sales_channels.integrations.magento2.models import Magento2SalesChannel


@csrf_exempt
@require_POST
def activate_integration(request: HttpRequest, activation_key: str) -> HttpResponse:
    """Take the credentials Magento posts for the channel with this activation key, exchange and connect."""
    channel = Magento2SalesChannel.objects.filter(activation_key=activation_key).exclude(activation_key="").first()
    if channel is None:
        return JsonResponse({"error": "Unknown activation URL."}, status=404)
    try:
        summary = complete_activation(channel=channel, form=request.POST.dict())
    except SalesChannelError as error:
        return JsonResponse({"error": error.message}, status=400)
    return JsonResponse({"connected": True, "summary": summary})
