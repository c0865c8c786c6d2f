"""The ARS fiche action workbook and yearly «bilans» of a Contrat Local de Santé,
written from and read into its clskit record."""
