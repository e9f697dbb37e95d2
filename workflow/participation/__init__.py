"""The public's voice: workshops and invitations, the input register, the hearing and the
answer to every submission (merknadsbehandling)."""
