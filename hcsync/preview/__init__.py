"""`hcsync preview`: the tree as the small help center its readers will see.

tree ──load + check──▶ PreviewSite ──render + sanitise──▶ pages, served live
(`server`) or written as static files (`build`). Article bodies are what `apply`
sends (the planner's `render_page`, links and images pointed into the preview)
passed through the help center's sanitising (`hcsync.sanitize`). Nothing here
talks to the API.
"""
