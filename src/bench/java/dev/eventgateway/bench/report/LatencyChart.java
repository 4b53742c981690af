package dev.eventgateway.bench.report;

import org.HdrHistogram.Histogram;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The latency chart: one panel per fixed rate, each with the gateway's and the floor's latency by percentile
 * (x: percentile on the usual "nines" scale, y: milliseconds, logarithmic). Drawn with java.awt, headless.
 */
public final class LatencyChart {

    /** One panel: a title and the two merged histograms (microseconds); either may be null. */
    public record Panel(String title, Histogram gateway, Histogram floor) {
    }

    private static final int PANEL_W = 560;
    private static final int PANEL_H = 430;
    private static final int MARGIN_L = 70;
    private static final int MARGIN_R = 20;
    private static final int MARGIN_T = 50;
    private static final int MARGIN_B = 60;
    private static final double MAX_NINES = 4; // up to 99.99%
    private static final Color GATEWAY = new Color(0xD9, 0x5F, 0x02);
    private static final Color FLOOR = new Color(0x1B, 0x6F, 0xB5);

    private LatencyChart() {
    }

    public static void write(Path file, String title, List<Panel> panels) throws IOException {
        int width = Math.max(1, panels.size()) * PANEL_W;
        int height = PANEL_H + 60;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, 20, 30);
        double maxMs = 0.1;
        double minMs = Double.MAX_VALUE;
        for (Panel p : panels) {
            for (Histogram h : new Histogram[] {p.gateway(), p.floor()}) {
                if (h != null && h.getTotalCount() > 0) {
                    maxMs = Math.max(maxMs, h.getValueAtPercentile(99.99) / 1000.0);
                    minMs = Math.min(minMs, Math.max(0.01, h.getValueAtPercentile(0) / 1000.0));
                }
            }
        }
        if (minMs == Double.MAX_VALUE) {
            minMs = 0.01;
        }
        double lo = Math.pow(10, Math.floor(Math.log10(minMs)));
        double hi = Math.pow(10, Math.ceil(Math.log10(maxMs * 1.05)));
        for (int i = 0; i < panels.size(); i++) {
            drawPanel(g, panels.get(i), i * PANEL_W, 50, lo, hi);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void drawPanel(Graphics2D g, Panel panel, int x0, int y0, double lo, double hi) {
        int left = x0 + MARGIN_L;
        int right = x0 + PANEL_W - MARGIN_R;
        int top = y0 + MARGIN_T;
        int bottom = y0 + PANEL_H - MARGIN_B;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString(panel.title(), left, y0 + 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        // y grid: decades, with 2 and 5 between
        for (double decade = lo; decade <= hi * 1.001; decade *= 10) {
            for (double m : new double[] {1, 2, 5}) {
                double v = decade * m;
                if (v > hi * 1.001) {
                    break;
                }
                int y = yOf(v, lo, hi, top, bottom);
                g.setColor(m == 1 ? new Color(0xCC, 0xCC, 0xCC) : new Color(0xEE, 0xEE, 0xEE));
                g.drawLine(left, y, right, y);
                g.setColor(Color.DARK_GRAY);
                String label = v >= 1 ? String.format("%.0f", v) : String.format("%.2f", v).replaceAll("0+$", "");
                g.drawString(label + " ms", x0 + 8, y + 4);
            }
        }
        // x grid: 0, 90, 99, 99.9, 99.99 %
        String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%"};
        for (int n = 0; n <= MAX_NINES; n++) {
            int x = left + (int) ((right - left) * n / MAX_NINES);
            g.setColor(new Color(0xDD, 0xDD, 0xDD));
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.DARK_GRAY);
            int labelWidth = g.getFontMetrics().stringWidth(labels[n]);
            g.drawString(labels[n], Math.min(x - labelWidth / 2, right - labelWidth), bottom + 18);
        }
        g.drawString("percentile", (left + right) / 2 - 28, bottom + 38);
        g.setColor(Color.GRAY);
        g.drawRect(left, top, right - left, bottom - top);
        curve(g, panel.floor(), FLOOR, left, right, top, bottom, lo, hi);
        curve(g, panel.gateway(), GATEWAY, left, right, top, bottom, lo, hi);
        legend(g, left + 12, top + 18, GATEWAY, "gateway", panel.gateway());
        legend(g, left + 12, top + 36, FLOOR, "floor", panel.floor());
    }

    private static void curve(Graphics2D g, Histogram h, Color color, int left, int right, int top, int bottom,
                              double lo, double hi) {
        if (h == null || h.getTotalCount() == 0) {
            return;
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f));
        int steps = 400;
        int px = -1;
        int py = -1;
        for (int s = 0; s <= steps; s++) {
            double nines = MAX_NINES * s / steps;
            double percentile = 100 * (1 - Math.pow(10, -nines));
            double ms = Math.max(lo, h.getValueAtPercentile(percentile) / 1000.0);
            int x = left + (int) ((right - left) * nines / MAX_NINES);
            int y = yOf(ms, lo, hi, top, bottom);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static void legend(Graphics2D g, int x, int y, Color color, String name, Histogram h) {
        g.setColor(color);
        g.fillRect(x, y - 9, 18, 4);
        g.setColor(Color.BLACK);
        String text = name;
        if (h != null && h.getTotalCount() > 0) {
            text += String.format("  p50 %.2f  p99 %.2f  p99.9 %.2f ms", h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0);
        }
        g.drawString(text, x + 24, y - 3);
    }

    private static int yOf(double ms, double lo, double hi, int top, int bottom) {
        double f = (Math.log10(ms) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        return bottom - (int) Math.round(f * (bottom - top));
    }
}
