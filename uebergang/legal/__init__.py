"""Legal pages: Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit, per tenant and for the installation."""
