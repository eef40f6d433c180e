package dev.palisade.report;

/**
 * The frame of Palisade's HTML pages (the lint report, the network-policy matrix): one self-contained document with
 * its style and script inline, no external script, font or image, so it opens from a CI artifact without a network.
 */
public final class Html {
    /** Shared look: system fonts, severity colours, the filter bar. */
    private static final String BASE_STYLE = """
            :root{--critical:#8b0000;--high:#d32f2f;--medium:#ef6c00;--low:#0277bd;--info:#607d8b;--ok:#2e7d32;--line:#e0e0e0}
            *{box-sizing:border-box}
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#212121;background:#fafafa}
            header{background:#263238;color:#fff;padding:16px 24px}
            header h1{margin:0 0 4px;font-size:20px}
            main{padding:16px 24px}
            code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
            table{border-collapse:collapse}
            th,td{border:1px solid var(--line);padding:4px 8px;text-align:left}
            .badge{display:inline-block;border-radius:3px;padding:1px 6px;color:#fff;font-size:12px;font-weight:600}
            .critical{background:var(--critical)}.high{background:var(--high)}.medium{background:var(--medium)}
            .low{background:var(--low)}.info{background:var(--info)}.exempted{background:#9e9e9e}
            .filters{display:flex;flex-wrap:wrap;gap:16px;align-items:center;background:#fff;border:1px solid var(--line);
              padding:8px 12px;margin:12px 0;position:sticky;top:0;z-index:1}
            [hidden]{display:none!important}
            """;

    private Html() {}

    /** A whole page: title, page-specific style, body markup and script. */
    public static String page(String title, String style, String body, String script) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                // No network: a content policy that forbids fetching anything but inline code and data images.
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
                + " script-src 'unsafe-inline'; img-src data:\">\n"
                + "<title>" + escape(title) + "</title>\n<style>\n" + BASE_STYLE + style + "</style>\n</head>\n<body>\n"
                + body + "\n<script>\n" + script + "\n</script>\n</body>\n</html>\n";
    }

    /** Text for an element's content or an attribute value. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A JSON text placed inside a script element: {@code </} must not close it. */
    public static String scriptJson(String json) {
        return json.replace("</", "<\\/");
    }
}
