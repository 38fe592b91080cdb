"""What a document is made of once read, whatever its format: paragraphs and tables of plain text."""
from dataclasses import dataclass, field


@dataclass
class Paragraph:
    """One paragraph of plain text (markup removed). `bold`: the whole paragraph is bold;
    `heading`: its heading level in the source (markdown "#", Word "Heading N"), 0 for body text."""

    text: str
    bold: bool = False
    heading: int = 0


@dataclass
class Table:
    """A table as rows of cell texts; a cell's paragraphs are separated by newlines."""

    rows: list[list[str]] = field(default_factory=list)


Block = Paragraph | Table
