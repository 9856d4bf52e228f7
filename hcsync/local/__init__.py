"""Loading the content tree: front matter, Markdown rendering, images, links, checks."""
