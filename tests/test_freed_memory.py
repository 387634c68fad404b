"""A long-lived process (the build's, a kernel) gives the memory of a dropped table back."""

import subprocess
import sys

SCRIPT = """
import os
import pandas as pd
from analysis.freed_memory import return_freed_memory

def rss():
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6

before = rss()
table = pd.DataFrame({"name": [f"organisation {i} of a long portfolio" for i in range(1_500_000)]})
table["upper"] = table["name"].str.upper()  # text in pyarrow buffers, as the data's
held = rss()
del table
dropped = rss()
return_freed_memory()
print(before, held, dropped, rss())
"""


def test_a_dropped_table_goes_back_to_the_system():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            check=True)
    before, held, dropped, returned = map(float, result.stdout.split())
    table = held - before
    assert table > 100  # MB: the table was large enough to tell
    assert dropped - before > table / 2  # dropped alone, the process keeps most of it
    assert returned - before < table / 4  # given back
