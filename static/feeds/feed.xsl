<?xml version="1.0" encoding="utf-8"?>
<!--
  Shows the site's RSS and Atom feeds as a readable page when someone opens one in a browser.
  Feed readers ignore it. The page it makes has no script and no inline style (the site's
  Content-Security-Policy allows neither); its look is in feed.css beside this file.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    exclude-result-prefixes="atom dc">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="description" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="address" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
  <!-- The site's name (articles/feeds.py PublisherMixin); a category feed's title names the category. -->
  <xsl:variable name="site" select="/rss/channel/dc:publisher | /atom:feed/dc:publisher"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title>Feed: <xsl:value-of select="$title"/></title>
        <link rel="stylesheet" href="/static/feeds/feed.css"/>
      </head>
      <body>
        <!-- The feed is served by the site itself, so "/" is its home page. -->
        <header class="feed-header">
          <div class="feed-header-inner">
            <a class="feed-site" href="/">
              <xsl:choose>
                <xsl:when test="$site"><xsl:value-of select="$site"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="$title"/></xsl:otherwise>
              </xsl:choose>
            </a>
          </div>
        </header>
        <main class="feed-page">
          <h1>
            <xsl:choose>
              <!-- "Marketing — More for Small Business" (CategoryFeed.title): the header names the site. -->
              <xsl:when test="$site and contains($title, concat(' — ', $site))">
                <xsl:value-of select="substring-before($title, concat(' — ', $site))"/>
              </xsl:when>
              <xsl:otherwise><xsl:value-of select="$title"/></xsl:otherwise>
            </xsl:choose>
            <xsl:text>: new articles</xsl:text>
          </h1>
          <p class="feed-lead"><xsl:value-of select="$description"/></p>

          <section class="feed-about" aria-labelledby="feed-about-heading">
            <h2 id="feed-about-heading">This page is a feed: what is that?</h2>
            <p>A feed is a list of our newest articles that an app called a feed reader checks for you. Add it to a reader once, and each new article shows up there, with those from any other sites you follow, without visiting each site or giving anyone your e-mail address.</p>
            <p>To follow us, copy this address into your feed reader (many are free, for phones and computers, and some news and podcast apps read feeds too):</p>
            <p class="feed-address"><code><xsl:value-of select="$address"/></code></p>
            <p>To stop, remove it from your reader. Would you rather get a monthly e-mail? <a href="/newsletter/">Get our free e-zine</a>.</p>
          </section>

          <section aria-labelledby="feed-items-heading">
            <h2 id="feed-items-heading">The newest articles</h2>
            <xsl:choose>
              <xsl:when test="/rss/channel/item | /atom:feed/atom:entry">
                <ol class="feed-items">
                  <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
                </ol>
              </xsl:when>
              <xsl:otherwise>
                <p>No articles yet: come back soon.</p>
              </xsl:otherwise>
            </xsl:choose>
          </section>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li class="feed-item">
      <h3><a href="{link}"><xsl:value-of select="title"/></a></h3>
      <p class="feed-meta">
        <xsl:value-of select="category"/>
        <xsl:if test="category and pubDate"> · </xsl:if>
        <!-- "Fri, 04 Dec 2026 03:09:12 +0000", in the site's time zone. -->
        <xsl:call-template name="date">
          <xsl:with-param name="year" select="substring(pubDate, 13, 4)"/>
          <xsl:with-param name="month" select="string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', substring(pubDate, 9, 3))) div 3 + 1"/>
          <xsl:with-param name="day" select="number(substring(pubDate, 6, 2))"/>
        </xsl:call-template>
      </p>
      <!-- The summary is plain text, escaped once for HTML by the feed: unescape it here. -->
      <p><xsl:value-of select="description" disable-output-escaping="yes"/></p>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li class="feed-item">
      <h3><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h3>
      <p class="feed-meta">
        <xsl:value-of select="atom:category/@term"/>
        <xsl:if test="atom:category and atom:published"> · </xsl:if>
        <!-- "2026-12-04T03:09:12+00:00", in the site's time zone. -->
        <xsl:call-template name="date">
          <xsl:with-param name="year" select="substring(atom:published, 1, 4)"/>
          <xsl:with-param name="month" select="number(substring(atom:published, 6, 2))"/>
          <xsl:with-param name="day" select="number(substring(atom:published, 9, 2))"/>
        </xsl:call-template>
      </p>
      <p><xsl:value-of select="atom:summary" disable-output-escaping="yes"/></p>
    </li>
  </xsl:template>

  <!-- A date as the site's pages write it (Django's "j F Y"): "4 December 2026". -->
  <xsl:template name="date">
    <xsl:param name="year"/>
    <xsl:param name="month"/>
    <xsl:param name="day"/>
    <time datetime="{$year}-{format-number($month, '00')}-{format-number($day, '00')}">
      <xsl:value-of select="$day"/>
      <xsl:text> </xsl:text>
      <xsl:choose>
        <xsl:when test="$month = 1">January</xsl:when>
        <xsl:when test="$month = 2">February</xsl:when>
        <xsl:when test="$month = 3">March</xsl:when>
        <xsl:when test="$month = 4">April</xsl:when>
        <xsl:when test="$month = 5">May</xsl:when>
        <xsl:when test="$month = 6">June</xsl:when>
        <xsl:when test="$month = 7">July</xsl:when>
        <xsl:when test="$month = 8">August</xsl:when>
        <xsl:when test="$month = 9">September</xsl:when>
        <xsl:when test="$month = 10">October</xsl:when>
        <xsl:when test="$month = 11">November</xsl:when>
        <xsl:otherwise>December</xsl:otherwise>
      </xsl:choose>
      <xsl:text> </xsl:text>
      <xsl:value-of select="$year"/>
    </time>
  </xsl:template>
</xsl:stylesheet>
