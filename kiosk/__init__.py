"""SI-fusion patient-education kiosk: the Qt-free core lives here, the Qt layer in kiosk.ui."""

__version__ = "0.1.0"
