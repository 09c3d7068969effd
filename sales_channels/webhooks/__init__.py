"""The webhook inbox: one view flow, one model and one task for every vendor's incoming webhooks."""
