import pytest

from motcua.accounts import permissions
from motcua.accounts.roles import Action, Role
from motcua.testing import Province, grant, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return Province.build()


def test_a_role_covers_the_agency_and_everything_below(p):
    assert permissions.can(p.officer_a, Action.RECEIVE, p.commune_a_point)
    # The specialist of commune A works in commune A and in its receiving point below it.
    assert permissions.can(p.specialist_a, Action.PROCESS, p.commune_a)
    assert permissions.can(p.specialist_a, Action.PROCESS, p.commune_a_point)


def test_it_rejects_other_agencies(p):
    assert not permissions.can(p.officer_a, Action.RECEIVE, p.commune_b)
    assert not permissions.can(p.officer_b, Action.RECEIVE, p.commune_a_point)
    assert not permissions.can(p.specialist_a, Action.PROCESS, p.province)


def test_roles_grant_only_their_actions(p):
    assert not permissions.can(p.officer_a, Action.APPROVE, p.commune_a_point)
    assert not permissions.can(p.specialist_a, Action.APPROVE, p.commune_a)
    assert permissions.can(p.unit_leader_a, Action.APPROVE, p.commune_a)
    assert not permissions.can(p.unit_leader_a, Action.APPROVE_EXTENSION, p.commune_a)
    assert permissions.can(p.leader_a, Action.APPROVE_EXTENSION, p.commune_a)


def test_the_inspector_reads_everything_and_changes_nothing(p):
    for agency in (p.province, p.commune_a, p.commune_b):
        assert permissions.can(p.inspector, Action.VIEW, agency)
        assert permissions.can(p.inspector, Action.REPORT, agency)
    for action in (Action.RECEIVE, Action.PROCESS, Action.APPROVE, Action.CONFIGURE):
        assert not permissions.can(p.inspector, action, p.commune_a)


def test_citizens_and_anonymous_users_have_no_staff_rights(p):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.can(p.citizen, Action.VIEW, p.commune_a)
    assert not permissions.can(AnonymousUser(), Action.VIEW, p.commune_a)
    assert not permissions.can(None, Action.VIEW, p.commune_a)
    assert not permissions.is_staff_member(p.citizen)
    assert permissions.is_staff_member(p.officer_a)


def test_agencies_where_lists_the_subtrees(p):
    codes = set(
        permissions.agencies_where(p.officer_a, Action.RECEIVE).values_list("code", flat=True)
    )
    assert codes == {"H99.50.01.1"}
    assert permissions.agencies_where(p.admin, Action.CONFIGURE).count() == 7
    assert not permissions.agencies_where(p.citizen, Action.VIEW).exists()


def test_inactive_memberships_and_users_grant_nothing(p):
    p.officer_a.memberships.update(is_active=False)
    permissions.forget(p.officer_a)
    assert not permissions.can(p.officer_a, Action.RECEIVE, p.commune_a_point)
    p.officer_b.is_active = False
    assert not permissions.can(p.officer_b, Action.RECEIVE, p.commune_b)


def test_a_user_may_hold_roles_in_several_agencies(p):
    both = make_user("kiemnhiem")
    grant(both, p.commune_a_point, Role.RECEIVING_OFFICER)
    grant(both, p.commune_b, Role.RECEIVING_OFFICER)
    assert permissions.can(both, Action.RECEIVE, p.commune_a_point)
    assert permissions.can(both, Action.RECEIVE, p.commune_b)
    assert permissions.roles_in(both, p.commune_b) == {Role.RECEIVING_OFFICER}


def test_superusers_may_do_everything(p):
    root = make_user("root", is_superuser=True)
    assert permissions.can(root, Action.APPROVE_EXTENSION, p.commune_b)


def test_users_who_can_lists_exactly_the_staff_for_whom_can_is_true(p):
    from motcua.accounts.models import Membership, User
    from motcua.accounts.permissions import users_who_can
    from motcua.accounts.roles import GRANTS

    # One more officer whose membership was ended: listed nowhere.
    gone = User.objects.create_user(username="da-nghi", password="x", full_name="Cán Bộ Cũ")
    Membership.objects.create(user=gone, agency=p.commune_a, role=Role.SPECIALIST, is_active=False)
    actions = {action for granted in GRANTS.values() for action in granted}
    staff = list(User.objects.filter(is_superuser=False))
    for agency in (p.province, p.centre, p.commune_a, p.commune_a_point, p.commune_b):
        for action in actions:
            listed = set(users_who_can(action, agency))
            assert listed == {u for u in staff if permissions.can(u, action, agency)}, (
                agency,
                action,
            )
    assert gone not in users_who_can(Action.PROCESS, p.commune_a)
