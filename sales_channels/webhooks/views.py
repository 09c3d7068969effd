"""The one webhook endpoint: /webhooks/<integration>/<channel id>/ (the flow lives in `receive`)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sales_channels.models import SalesChannel
from sales_channels.webhooks.receive import receive_delivery


@csrf_exempt
@require_POST
def webhook_view(request: HttpRequest, integration: str, channel_id: int) -> HttpResponse:
    """Verify, store once and acknowledge a vendor's webhook delivery; processing runs in a task."""
    channel = SalesChannel.objects.filter(pk=channel_id, integration=integration).first()
    if channel is None:
        return JsonResponse({"detail": "Unknown channel."}, status=404)
    answer = receive_delivery(channel=channel.specific, body=request.body, headers=dict(request.headers))
    return JsonResponse({"detail": answer.detail}, status=answer.status)
