from django.shortcuts import get_object_or_404, render

from organizations.models import Association


def association_list(request):
    associations = Association.objects.listed().with_list_data()[:25]
    return render(request, "organizations/association_list.html", {"associations": associations})


def association_detail(request, slug):
    association = get_object_or_404(Association.objects.listed(), slug=slug)
    return render(request, "organizations/association_detail.html", {"association": association})
