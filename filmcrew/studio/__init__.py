"""The web studio: watch the crew, step into its discussion at the gates, review the script, storyboard, cast
and cut, replay a run's log and fork it at a decision, in a browser (`filmcrew studio`)."""
