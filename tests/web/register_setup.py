"""A small register for the web tests: a cooperative, three colleges, two categories,
two associés with shares, and one account per role."""

from dataclasses import dataclass, field

from scic.models import Category, College, Member, User

ROLES = ("member", "secretary", "board", "admin")


@dataclass
class Register:
    colleges: list[College]
    users: Category
    public: Category
    alice: Member
    bruno: Member
    factory: object
    accounts: dict[str, User] = field(default_factory=dict)

    def account(self, role: str) -> User:
        """The account of ``role`` (the member's is Alice's), created on first use."""
        if role not in self.accounts:
            member = self.alice if role == "member" else None
            email = None if member else f"{role}@exemple.fr"
            self.accounts[role] = self.factory.user(role, member=member, email=email)
        return self.accounts[role]


def make_register(factory) -> Register:
    factory.cooperative(
        name="Casaco", head_office="Malakoff (92240)", siren="820000001", rcs_city="Nanterre"
    )
    colleges = factory.colleges()
    users = factory.category(code="usagers", name="Usagers", kind="beneficiaires")
    public = factory.category(
        code="publics", name="Collectivités", kind="collectivites", is_public_body=True
    )
    alice = factory.subscribe(
        factory.member(
            first_name="Alice",
            last_name="Lefèvre",
            category_id=users.id,
            college_id=colleges[0].id,
        ),
        4,
    )
    bruno = factory.subscribe(
        factory.member(
            first_name="Bruno", last_name="Martin", category_id=users.id, college_id=colleges[1].id
        ),
        6,
    )
    return Register(colleges, users, public, alice, bruno, factory)


def login_as(client, register: Register, role: str):
    from ..conftest import login

    user = register.account(role)
    response = login(client, user.email)
    assert response.status_code == 302
    return user
