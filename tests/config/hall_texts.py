"""A small valid hall whose lines are known, for the hall-file tests."""

# Line numbers matter: the broken-file tests replace single lines of this text
# or append below line 15.
BASE = """\
[hall]
code = "t"
name = "测试大厅"
[[departments]]
code = "d1"
name = "部门"
[[services]]
code = "s1"
name = "事项"
department = "d1"
prefix = "A"
case_class = "行政许可"
[[counters]]
number = 1
services = ["s1"]
"""
