"""The archive: each stage as Fiks Arkiv arkivmeldinger (KS), and the public journal."""
