"""The one exception the importer lets out: a document it cannot read, said in the editor's words."""


class ImportProblem(ValueError):
    """The document cannot be imported; `str(problem)` is a Vietnamese message for the editor.

    `code` names the kind of problem for code that reacts to it ("empty", "too_large", "binary",
    "encoding", "not_a_plan", "docx", "draft", "internal").
    """

    def __init__(self, message, code="invalid"):
        super().__init__(str(message))
        self.code = code
