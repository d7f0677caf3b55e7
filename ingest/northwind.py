"""The Northwind CRM export: customers, employees, products, orders and order lines.

Customers become accounts (status customer), each with its contact; employees become
employees with their reporting line; products become products, their category a concept;
every order becomes an interaction of kind `order` that the handling employee took part
in, about the account; order lines aggregate into one `PURCHASED` per account and product.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph.ids import concept_id, record_id
from graph.model import Account, Concept, Contact, Employee, Interaction, Node, Product
from graph.stores.base import GraphStore
from graph.writes import Relationship
from ingest.errors import SourceNotFound
from ingest.records import Located
from ingest.report import BatchSummary
from ingest.sources.csv_rows import CsvRowError, read_csv_rows
from ingest.structured import write_located

SOURCE = "northwind"
REQUIRED_FILES = (
    "customers.csv",
    "employees.csv",
    "categories.csv",
    "products.csv",
    "orders.csv",
    "order-details.csv",
)


def customer_id(code: str) -> str:
    return record_id(SOURCE, "customer", code)


def contact_id(code: str) -> str:
    return record_id(SOURCE, "contact", code)


def employee_id(number: str) -> str:
    return record_id(SOURCE, "employee", number)


def product_id(number: str) -> str:
    return record_id(SOURCE, "product", number)


def order_id(number: str) -> str:
    return record_id(SOURCE, "order", number)


@dataclass
class _Purchases:
    orders: set[str] = field(default_factory=set)
    quantity: int = 0
    revenue: float = 0.0
    first_date: str = ""
    last_date: str = ""

    def add(self, order: str, quantity: int, revenue: float, day: str) -> None:
        self.orders.add(order)
        self.quantity += quantity
        self.revenue += revenue
        self.first_date = min(self.first_date or day, day)
        self.last_date = max(self.last_date, day)


class _Collector:
    def __init__(self, summary: BatchSummary) -> None:
        self.summary = summary
        self.nodes: list[Located[Node]] = []
        self.relationships: list[Located[Relationship]] = []

    def node(self, where: str, node: Node) -> None:
        self.nodes.append(Located(where.split(":")[0], where, node))

    def rel(self, where: str, rel: Relationship) -> None:
        self.relationships.append(Located(where.split(":")[0], where, rel))


def import_northwind(store: GraphStore, directory: Path) -> BatchSummary:
    """Import the Northwind CSVs in `directory`; a bad row is reported, the rest imported."""
    missing = [name for name in REQUIRED_FILES if not (directory / name).is_file()]
    if missing:
        raise SourceNotFound(f"{directory} is not a Northwind export: missing {', '.join(missing)}")
    summary = BatchSummary()
    out = _Collector(summary)
    categories = _categories(directory / "categories.csv", out)
    _customers(directory / "customers.csv", out)
    _employees(directory / "employees.csv", out)
    _products(directory / "products.csv", categories, out)
    order_customers = _orders(directory / "orders.csv", out)
    _order_lines(directory / "order-details.csv", order_customers, out)
    write_located(store, out.nodes, out.relationships, summary)
    summary.ingested = summary.read - summary.failed
    return summary


def _rows(
    path: Path, summary: BatchSummary, *, ragged_tail: bool = False
) -> Iterator[tuple[str, dict[str, str]]]:
    """Rows of a CSV file as (position, non-empty fields).

    With `ragged_tail`, a row with more fields than the header (the export leaves commas
    in addresses unquoted) keeps its leading fields, which are the ones read.
    """
    try:
        rows = list(read_csv_rows(path))
    except OSError as e:
        summary.fail(str(path), str(path), f"cannot read: {e.strerror or e}")
        return
    for row in rows:
        summary.read += 1
        where = f"{path}:{row.line}"
        if isinstance(row, CsvRowError):
            summary.fail(str(path), where, row.reason)
            continue
        extra = row.fields.pop(None, None)
        if extra is not None and not ragged_tail:
            summary.fail(str(path), where, "row has more fields than the header")
            continue
        yield (
            where,
            {
                k: v.strip()
                for k, v in row.fields.items()
                if isinstance(k, str) and isinstance(v, str) and v.strip() not in {"", "NULL"}
            },
        )


def _each_row(
    path: Path,
    out: _Collector,
    read_row: Callable[[str, dict[str, str]], None],
    *,
    ragged_tail: bool = False,
) -> None:
    """Run `read_row` on every row; a row it refuses (ValueError, which includes a model's
    ValidationError) is reported and the others go on."""
    for where, row in _rows(path, out.summary, ragged_tail=ragged_tail):
        try:
            read_row(where, row)
        except ValueError as e:
            out.summary.fail(str(path), where, _one_line(e))


def _one_line(error: ValueError) -> str:
    return " ".join(str(error).split())


def _required(row: dict[str, str], *names: str) -> list[str]:
    missing = [name for name in names if not row.get(name)]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    return [row[name] for name in names]


def _categories(path: Path, out: _Collector) -> dict[str, str]:
    names: dict[str, str] = {}

    def read_row(where: str, row: dict[str, str]) -> None:
        number, name = _required(row, "categoryID", "categoryName")
        out.node(where, Concept(id=concept_id(name), name=name, source=SOURCE, external_id=number))
        names[number] = name

    _each_row(path, out, read_row)
    return names


def _customers(path: Path, out: _Collector) -> None:
    def read_row(where: str, row: dict[str, str]) -> None:
        (code, company) = _required(row, "customerID", "companyName")
        account = Account(
            id=customer_id(code),
            name=company,
            status="customer",  # type: ignore[arg-type]
            city=row.get("city"),
            country=row.get("country"),
            source=SOURCE,
            external_id=code,
        )
        contact = None
        if row.get("contactName"):
            contact = Contact(
                id=contact_id(code),
                name=row["contactName"],
                title=row.get("contactTitle"),
                phone=row.get("phone"),
                account=account.id,
                source=SOURCE,
                external_id=code,
            )
        out.node(where, account)
        if contact is not None:
            out.node(where, contact)

    _each_row(path, out, read_row)


def _employees(path: Path, out: _Collector) -> None:
    def read_row(where: str, row: dict[str, str]) -> None:
        number, first, last = _required(row, "employeeID", "firstName", "lastName")
        manager = row.get("reportsTo")
        out.node(
            where,
            Employee(
                id=employee_id(number),
                name=f"{first} {last}",
                title=row.get("title"),
                manager=employee_id(manager) if manager else None,
                source=SOURCE,
                external_id=number,
            ),
        )

    _each_row(path, out, read_row)


def _products(path: Path, categories: dict[str, str], out: _Collector) -> None:
    def read_row(where: str, row: dict[str, str]) -> None:
        number, name = _required(row, "productID", "productName")
        price = float(row["unitPrice"]) if row.get("unitPrice") else None
        category = categories.get(row.get("categoryID", ""))
        product = Product(
            id=product_id(number),
            name=name,
            category=category,
            unit_price=price,
            source=SOURCE,
            external_id=number,
        )
        out.node(where, product)
        if category:
            out.rel(
                where,
                Relationship(
                    "ABOUT",
                    product.id,
                    concept_id(category),
                    start_label="Product",
                    end_label="Concept",
                ),
            )

    _each_row(path, out, read_row)


def _orders(path: Path, out: _Collector) -> dict[str, tuple[str, str]]:
    """Import orders; return order number -> (customer code, order date)."""
    customers: dict[str, tuple[str, str]] = {}

    def read_row(where: str, row: dict[str, str]) -> None:
        number, code, employee, ordered = _required(
            row, "orderID", "customerID", "employeeID", "orderDate"
        )
        when = _northwind_date(ordered)
        interaction = Interaction(
            id=order_id(number),
            kind="order",  # type: ignore[arg-type]
            subject=f"Order {number}",
            occurred_at=when,
            source=SOURCE,
            external_id=number,
        )
        customers[number] = (code, when.date().isoformat())
        out.node(where, interaction)
        out.rel(
            where,
            Relationship(
                "PARTICIPATED_IN",
                employee_id(employee),
                interaction.id,
                {"role": "handler"},
                start_label="Employee",
                end_label="Interaction",
            ),
        )
        out.rel(
            where,
            Relationship(
                "ABOUT",
                interaction.id,
                customer_id(code),
                start_label="Interaction",
                end_label="Account",
            ),
        )

    _each_row(path, out, read_row, ragged_tail=True)
    return customers


def _order_lines(path: Path, orders: dict[str, tuple[str, str]], out: _Collector) -> None:
    purchases: dict[tuple[str, str], _Purchases] = {}
    first_line: dict[tuple[str, str], str] = {}
    for where, row in _rows(path, out.summary):
        try:
            number, product = _required(row, "orderID", "productID")
            price, quantity = float(row["unitPrice"]), int(row["quantity"])
            discount = float(row.get("discount") or 0)
        except (KeyError, ValueError) as e:
            out.summary.fail(str(path), where, f"bad order line: {e}")
            continue
        if number not in orders:
            out.summary.fail(str(path), where, f"order {number} is not in orders.csv")
            continue
        code, day = orders[number]
        key = (code, product)
        first_line.setdefault(key, where)
        purchases.setdefault(key, _Purchases()).add(
            number, quantity, price * quantity * (1 - discount), day
        )
    for (code, product), bought in purchases.items():
        out.rel(
            first_line[(code, product)],
            Relationship(
                "PURCHASED",
                customer_id(code),
                product_id(product),
                {
                    "orders": len(bought.orders),
                    "quantity": bought.quantity,
                    "revenue": round(bought.revenue, 2),
                    "first_date": bought.first_date,
                    "last_date": bought.last_date,
                },
                start_label="Account",
                end_label="Product",
            ),
        )


def _northwind_date(text: str) -> datetime:
    try:
        return datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        raise ValueError(f"bad date {text!r}") from None
