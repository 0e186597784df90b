/* Stand-ins for the site's scripts, so the demo pages run without errors. */
function ad_news_in() {}
function news_view(id) {}
