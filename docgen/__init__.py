"""docgen: 讲话稿（公文格式）的生成、重排与检查。

Pipeline: readers (YAML, text, docx) -> docgen.model.Document -> transforms (clean, number)
-> writer (docxtpl template).  The checker reads a .docx into the same model and runs rules.
Heavy modules (python-docx, docxtpl, lxml, jieba) are imported lazily by the modules that use them.
"""

__version__ = "0.1.0"
