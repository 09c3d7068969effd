"""Flows decide which channels, views and listings a change concerns and queue tasks; they never call vendors."""
