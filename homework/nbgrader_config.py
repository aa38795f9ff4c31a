# nbgrader settings of the RNN Lab homework course (this folder is nbgrader's course directory:
# source/<assignment>/<assignment>.ipynb → `nbgrader generate_assignment` → release/<assignment>/).
# `make homework` and `make test` run nbgrader from this folder (or from a copy of it under build/).
c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.course_id = "rnnlab"

# What replaces a `// BEGIN SOLUTION … // END SOLUTION` region in the student version. nbgrader's default Java stub
# is only a comment: a method whose body is just a comment does not compile, and a cell without a method could pass
# a weak test. This stub compiles in any method body and makes every check say "not implemented yet".
c.ClearSolutions.code_stub = {
    "java": '// YOUR CODE HERE\nthrow new UnsupportedOperationException("not implemented yet: write your solution here");',
    "python": "# YOUR CODE HERE\nraise NotImplementedError()",
}

# Homework 4 trains a tagger inside the notebook; every other cell takes well under a second.
c.Execute.timeout = 300
c.Execute.startup_timeout = 120
