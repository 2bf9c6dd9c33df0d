from django.contrib import admin

from .models import AccessibilityStatement, LegalText

admin.site.register(LegalText)
admin.site.register(AccessibilityStatement)
