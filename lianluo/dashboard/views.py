from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from lianluo.dashboard.panels import panels_for


def root(request):
    return redirect("dashboard:home" if request.user.is_authenticated else "accounts:login")


@login_required
def home(request):
    return render(request, "dashboard/home.html", {"panels": panels_for(request.user)})
