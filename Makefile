# RNN Lab: the two commands are `make lab` and `make test` (see README.md).
# Everything is built inside this folder: lib/rnnlab.jar, .venv (JupyterLab + the JJava kernel), build/.
# Only Maven's usual local repository (~/.m2) is used outside it.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.NOTPARALLEL:
.DELETE_ON_ERROR:

# ---- settings you can override on the command line, e.g. `make lab PORT=8899 NO_BROWSER=1` ----
PYTHON     ?= python3
PORT       ?= 8888
IP         ?= 127.0.0.1
NO_BROWSER ?=
# extra JupyterLab options, e.g. JUPYTER_ARGS='--IdentityProvider.token=secret'
JUPYTER_ARGS ?=
# your working copies of the notebooks (what `make lab` opens; created on first run, ignored by git)
WORK       ?= work
# heap cap of each notebook's Java kernel (-Xmx), and minutes after which an idle kernel whose tab is closed stops
KERNEL_MEMORY ?= 1g
KERNEL_IDLE_MINUTES ?= 20
MVN        ?= mvn
# Maven output folder (parallel builds of the same checkout can use different ones)
BUILD_DIR  ?= target
MVN_FLAGS  ?= -B --no-transfer-progress

# ---- derived ----
VERSION     := $(shell sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)
JAR         := lib/rnnlab.jar
SHADED_JAR  := $(BUILD_DIR)/rnnlab-$(VERSION)-all.jar
JAR_INPUTS  := pom.xml $(shell find src/main 2>/dev/null)
VENV        := .venv
VENV_PY     := $(VENV)/bin/python
VENV_STAMP  := $(VENV)/.installed-requirements.txt
KERNEL_JSON := $(VENV)/share/jupyter/kernels/rnnlab-java/kernel.json

# Copy, then rename: a kernel that has the old jar open keeps reading the old file instead of a half-written one.
define install_jar
	@mkdir -p lib
	cp "$(SHADED_JAR)" lib/.rnnlab.jar.tmp
	mv -f lib/.rnnlab.jar.tmp "$(JAR)"
endef

# Jupyter's own settings, runtime files and workspaces stay in the project too (not in ~/.jupyter, ~/.local).
export JUPYTER_CONFIG_DIR  := $(CURDIR)/.jupyter-run/config
export JUPYTER_DATA_DIR    := $(CURDIR)/.jupyter-run/data
export JUPYTER_RUNTIME_DIR := $(CURDIR)/.jupyter-run/runtime
export IPYTHONDIR          := $(CURDIR)/.jupyter-run/ipython
export JUPYTER_PLATFORM_DIRS := 1

.PHONY: help lab test test-notebooks test-ui site homework test-homework jar venv kernel jshell bench mutation check-env clean distclean FORCE

help:
	@echo "RNN Lab $(VERSION)"
	@echo "  make lab       build lib/rnnlab.jar, set up .venv (JupyterLab + Java kernel), open JupyterLab on your"
	@echo "                 working copies of the notebooks in work/ (made from notebooks/ on first run)"
	@echo "                 options: PORT=8888 NO_BROWSER=1 IP=127.0.0.1 PYTHON=python3 KERNEL_MEMORY=1g KERNEL_IDLE_MINUTES=20"
	@echo "  make test      all JUnit tests (mvn verify), then every notebook headless in the Java kernel,"
	@echo "                 then the homework graded with nbgrader (solutions, student versions, every catalogued mistake)"
	@echo "  make site      the notebooks with their outputs and docs/*.md as a static HTML site in build/site/"
	@echo "  make test-ui   JupyterLab in a real browser (Playwright + the system's Chromium) and the site's links"
	@echo "  make homework  student versions of the homework (nbgrader generate_assignment) in homework/release/"
	@echo "  make jshell    jshell with the library on the class path and the common imports"
	@echo "  make bench     run the benchmarks (bench/run; BENCH_ARGS=--quick for a short run)"
	@echo "  make mutation  mutation testing (PIT) of cells, layers and models; PACKAGE=cells for one package"
	@echo "                 (docs/testing.md; never part of make test or CI)"
	@echo "  make jar | venv | kernel | test-notebooks | test-homework [HOMEWORK=hw2-bptt] | check-env | clean | distclean"

check-env:
	@scripts/check-env "$(PYTHON)"

# ---- the library jar: rebuilt only when pom.xml or src/main changed ----
jar: check-env $(JAR)

$(JAR): $(JAR_INPUTS)
	@echo "Building $(JAR) (mvn package, tests skipped; 'make test' runs them)"
	$(MVN) $(MVN_FLAGS) -q -DbuildDir=$(BUILD_DIR) -Dmaven.test.skip=true package
	$(call install_jar)

# ---- the virtual environment: reinstalled only when requirements.txt changed ----
venv: check-env $(VENV_STAMP)

$(VENV_STAMP): requirements.txt
	@if ! "$(VENV_PY)" -m pip --version >/dev/null 2>&1; then \
	    echo "Creating the virtual environment $(VENV) with $(PYTHON)"; \
	    rm -rf "$(VENV)"; \
	    "$(PYTHON)" -m venv "$(VENV)"; \
	fi
	@echo "Installing requirements.txt into $(VENV) (JupyterLab, JJava kernel, nbclient); this takes a minute the first time"
	"$(VENV_PY)" -m pip install --disable-pip-version-check --quiet -r requirements.txt
	cp requirements.txt "$@"

# ---- the "Java (RNN Lab)" kernelspec, inside .venv (re-checked every time: KERNEL_MEMORY may have changed) ----
kernel: venv $(KERNEL_JSON)

$(KERNEL_JSON): $(VENV_STAMP) scripts/install-kernel scripts/kernel-startup.jsh FORCE
	@RNNLAB_KERNEL_MEMORY="$(KERNEL_MEMORY)" "$(VENV_PY)" scripts/install-kernel

FORCE:

# ---- the two commands ----
# Idle kernels: a kernel with no tab open (closed, or the browser gone) and no cell running for
# KERNEL_IDLE_MINUTES is shut down (Jupyter's MappingKernelManager culling, checked every minute); open tabs keep theirs.
lab: check-env $(JAR) $(VENV_STAMP) $(KERNEL_JSON)
	@"$(VENV_PY)" scripts/port-free "$(IP)" "$(PORT)"
	@"$(VENV_PY)" scripts/working-copies --work "$(WORK)"
	@echo "Starting JupyterLab on http://$(IP):$(PORT)/ with your working copies in $(WORK)/ (Ctrl+C twice to stop)"
	"$(VENV)/bin/jupyter" lab --notebook-dir="$(WORK)" --ServerApp.ip=$(IP) --ServerApp.port=$(PORT) \
	    --ServerApp.port_retries=0 $(if $(NO_BROWSER),--no-browser) \
	    --MappingKernelManager.cull_idle_timeout=$$(( $(KERNEL_IDLE_MINUTES) * 60 )) \
	    --MappingKernelManager.cull_interval=60 --MappingKernelManager.cull_connected=False \
	    $(if $(filter 0,$(shell id -u)),--allow-root) $(JUPYTER_ARGS)

test: check-env $(VENV_STAMP) $(KERNEL_JSON)
	$(MVN) $(MVN_FLAGS) -DbuildDir=$(BUILD_DIR) verify
	$(call install_jar)
	"$(VENV_PY)" scripts/run-notebooks
	"$(VENV_PY)" scripts/homework test

# ---- homework (homework/README.md): nbgrader's course folder is homework/ ----
# student versions in homework/release/ (not committed), checked to hold no solution and no hidden test
homework: check-env $(VENV_STAMP)
	"$(VENV_PY)" scripts/homework release

# only the homework grading test; optional HOMEWORK='hw1-rnn-by-hand hw3-lstm-cell'
HOMEWORK ?=
test-homework: check-env $(JAR) $(VENV_STAMP) $(KERNEL_JSON)
	"$(VENV_PY)" scripts/homework test $(HOMEWORK)

# only the notebooks (no JUnit); optional NOTEBOOKS='notebooks/00-welcome.ipynb ...'
test-notebooks: check-env $(JAR) $(VENV_STAMP) $(KERNEL_JSON)
	"$(VENV_PY)" scripts/run-notebooks $(NOTEBOOKS)

# the static site (build/site/): executed notebooks (from build/notebooks/, run first if missing) + docs
site: check-env $(JAR) $(VENV_STAMP) $(KERNEL_JSON)
	"$(VENV_PY)" scripts/build-site

# the real-browser test: JupyterLab from `make lab`, two notebooks run through the UI, every page of the site
UI_STAMP := $(VENV)/.installed-requirements-ui.txt
$(UI_STAMP): requirements-ui.txt $(VENV_STAMP)
	"$(VENV_PY)" -m pip install --disable-pip-version-check --quiet -r requirements-ui.txt
	cp requirements-ui.txt "$@"

test-ui: site $(UI_STAMP)
	BUILD_DIR="$(BUILD_DIR)" "$(VENV_PY)" scripts/test-ui

jshell: check-env $(JAR)
	@scripts/jshell

# options for bench/run, e.g. make bench BENCH_ARGS=--quick  (bench/run --help lists them)
BENCH_ARGS ?=
bench: check-env
	@if [ -x bench/run ]; then bench/run $(BENCH_ARGS); else echo "No benchmarks yet: bench/run does not exist."; fi

# ---- mutation testing (docs/testing.md): PIT in the Maven profile `mutation`, never part of `make test` or CI ----
# PACKAGE=cells | layers | models (default: all three); each selection keeps its own history file in
# $(BUILD_DIR)/pit-history/ (reruns analyse only what changed) and report in $(BUILD_DIR)/pit-reports/<selection>/.
# One thread and `nice -n 15`: it takes minutes to an hour and should not slow anything else on the machine.
PACKAGE ?=
MUTATION_NICE ?= nice -n 15
MUTATION_NAME := $(if $(PACKAGE),$(PACKAGE),all)
mutation: check-env
	@if [ -n "$(PACKAGE)" ] && [ ! -d "src/main/java/rnnlab/$(PACKAGE)" ]; then \
	    echo "make mutation: no package rnnlab.$(PACKAGE) (src/main/java/rnnlab/$(PACKAGE)); use PACKAGE=cells, layers or models"; \
	    exit 2; fi
	rm -f "$(BUILD_DIR)/pit-reports/$(MUTATION_NAME)/mutations.xml"
	$(MUTATION_NICE) $(MVN) $(MVN_FLAGS) -DbuildDir=$(BUILD_DIR) -Pmutation test-compile \
	    org.pitest:pitest-maven:mutationCoverage -Dpit.history=$(MUTATION_NAME) \
	    $(if $(PACKAGE),'-Dpit.targetClasses=rnnlab.$(PACKAGE).*')
	@scripts/mutation-summary "$(BUILD_DIR)/pit-reports/$(MUTATION_NAME)/mutations.xml"
	@echo "Report: $(BUILD_DIR)/pit-reports/$(MUTATION_NAME)/index.html (survivors: scripts/mutation-summary --survivors $(BUILD_DIR)/pit-reports/$(MUTATION_NAME)/mutations.xml)"

# build outputs only; your JupyterLab settings (.jupyter-run) and the venv stay
clean:
	rm -rf "$(BUILD_DIR)" build "$(JAR)"

# everything make created, including .venv and JupyterLab's settings and workspaces
distclean: clean
	rm -rf "$(VENV)" .jupyter-run
