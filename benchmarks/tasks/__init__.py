"""The task suite that skcnn's defaults are measured on (issue 23).

Image tasks built from what ships offline (scikit-learn's digits, Debian's
Fashion-MNIST), one module per kind of task; :mod:`.suite` lists them all.
"""
