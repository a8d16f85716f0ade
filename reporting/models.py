# Models arrive with this app's own issue; see ../shared/DESIGN.md.
