"""`python -m analysis build`: validate the data, run the notebooks, write the figures and the
Excel appendices, then render each edition with Quarto.

  steps      what the build makes: each step's name, the inputs it fingerprints, its outputs
             (relative to the output folder) and the function that writes them
  runner     `prepare`: fingerprints and reuse, the staging folder, publishing, Ctrl-C
  lock       one build at a time per output folder
  notebooks  executing a notebook on its edition's kernel (nbclient) with its captions
  quarto     rendering the editions, Quarto's post-render tidy
  command    the command itself: lock, prepare, release, render
  info       package versions and build-info.json (light: prose reads it)

This package imports nothing itself, so that `analysis.build.info` stays light.
"""


class BuildError(Exception):
    """A step failed; the message names what failed and where."""
