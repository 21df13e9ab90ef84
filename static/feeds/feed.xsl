<?xml version="1.0" encoding="utf-8"?>
<!--
  Shows the site's RSS and Atom feeds as a readable page when someone opens one in a browser.
  Feed readers ignore it. The page it makes has no script and no inline style (the site's
  Content-Security-Policy allows neither); its look is in feed.css beside this file.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="description" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="home" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>
  <xsl:variable name="address" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>

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
        <header class="feed-header">
          <a class="feed-site" href="{$home}">Back to the site</a>
        </header>
        <main class="feed-page">
          <h1><xsl:value-of select="$title"/>: new articles</h1>
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
        <!-- "Fri, 04 Dec 2026 03:09:12 +0000": the day, month and year. -->
        <xsl:value-of select="substring(pubDate, 6, 11)"/>
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
        <xsl:call-template name="date">
          <xsl:with-param name="iso" select="atom:published"/>
        </xsl:call-template>
      </p>
      <p><xsl:value-of select="atom:summary" disable-output-escaping="yes"/></p>
    </li>
  </xsl:template>

  <!-- "2026-12-04T03:09:12+00:00" as "04 Dec 2026", like the RSS feed's dates. -->
  <xsl:template name="date">
    <xsl:param name="iso"/>
    <xsl:variable name="month" select="number(substring($iso, 6, 2))"/>
    <xsl:value-of select="substring($iso, 9, 2)"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="substring('JanFebMarAprMayJunJulAugSepOctNovDec', 3 * $month - 2, 3)"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="substring($iso, 1, 4)"/>
  </xsl:template>
</xsl:stylesheet>
