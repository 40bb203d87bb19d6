"""Test the code in this checkout, not a copy of the plugin installed in the environment."""

import os

# Installed plugins load on first use; blocking our own entry point lets each test
# register the module under test with qualify.testing.registered_plugin.
os.environ["QUALIFY_DISABLE_PLUGINS"] = "meddic"
