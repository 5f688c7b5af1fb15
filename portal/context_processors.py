from django.conf import settings


def portal(request):
    """What every page's frame needs: the municipality's name."""
    return {"MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME}
