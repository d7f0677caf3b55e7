"""The web app at `/`: pages for account managers, expert seekers and knowledge managers,
over the same services and roles as the JSON routes (`mount.install_web_app`)."""
