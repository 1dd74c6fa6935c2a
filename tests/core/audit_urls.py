"""A staff API endpoint that changes a user, to show token-authenticated actors are audited."""

from django.urls import include, path
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.permissions import IsStaff
from apps.users.models import User


class RenameUserView(APIView):
    permission_classes = [IsStaff]

    def post(self, request, pk):
        user = User.objects.get(pk=pk)
        user.first_name = request.data["first_name"]
        user.save(update_fields=["first_name", "updated_at"])
        return Response({"ok": True})


urlpatterns = [
    path("api/v1/test/users/<int:pk>/rename/", RenameUserView.as_view()),
    path("", include("config.urls")),
]
