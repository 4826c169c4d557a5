"""Run the four notebooks for one program and build its report bundle.

The package is split by job, importing downwards only: :mod:`.stages` (the declared stages:
notebook, title, exports, headline keys), :mod:`.kernel` (papermill in a kernel of the
program's own, over ipc), :mod:`.rendering` (client HTML of the pages, the summary, the PDF),
:mod:`.publishing` (analyst folder, manifest, atomic swap; the one atomic file write) and
:mod:`.run` (one program's run, using all four). Each name is imported from the module it lives
in (``workbench.report_program`` is the facade's name for :func:`.run.report_program`); this
package re-exports nothing, so importing one module does not run the others.

``run.report_program(program_dir, out_dir)`` validates the program, executes each stage's notebook
with papermill into a private temporary folder, checks it wrote the exports and headlines its
stage declares, exports each to HTML **without code** for the client, writes an ``index.html``
and a ``manifest.json``, and only then swaps the folder in as ``out_dir/<slug>``. A failure at any step leaves the previous report untouched, byte for byte.

Isolation and robustness
------------------------
* A program's notebooks run one after the other in one kernel of the program's own
  (:class:`.kernel.ProgramKernel`: imports paid once, namespace emptied between notebooks), whose
  working folder is the program's temporary folder
  (``.<slug>.tmp-<host>-<pid>-<random>`` inside ``out_dir``: two runs never share one). The
  kernel's folder is set through nbclient's ``resources``, so this process never ``chdir``\\ s
  (papermill's own ``cwd=`` does, which is unsafe when several programs share a process).
* A kernel that dies mid-run (``DeadKernelError`` / "Kernel died") is retried once, in a fresh
  kernel, from the start of that notebook; a kernel that
  fails to *start* (the known port race of parallel kernels: jupyter_client picks free ports that
  another kernel may grab first) is retried up to :data:`.kernel.START_RETRIES` times.
* The swap happens under an exclusive ``flock`` of ``out_dir`` and, on Linux, as one atomic
  ``renameat2(RENAME_EXCHANGE)``: readers never see a half report and two concurrent runs of the
  same program never interleave their swaps (the last one to finish wins, each complete).

Example
-------
>>> from pathlib import Path                                                          # doctest: +SKIP
>>> from workbench.report.run import report_program                                   # doctest: +SKIP
>>> result = report_program(Path("data/programs/onboarding-pilot"), Path("reports"))  # doctest: +SKIP
>>> result.status, (Path("reports") / "onboarding-pilot" / "index.html").exists()     # doctest: +SKIP
('ok', True)
"""
