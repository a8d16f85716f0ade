"""The board report: a committee paper drafted from the KPIs, as HTML, PDF, CSV and XLSX."""
