package io.bondy.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Collects the figures of a run as (chart, series, category, value) points and draws one grouped
 * bar chart per chart as a PNG next to the Markdown report (JFreeChart, headless).
 */
public final class Charts {

    /** One bar: {@code value} of {@code series} (a server) in {@code category} (a configuration). */
    public record Point(String chart, String axis, String series, String category, double value) {
    }

    private final List<Point> points = new ArrayList<>();

    public void add(String chart, String axis, String series, String category, double value) {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
            points.add(new Point(chart, axis, series, category, value));
        }
    }

    public boolean isEmpty() {
        return points.isEmpty();
    }

    /**
     * Writes {@code <prefix>-<n>.png} for each chart into {@code dir}; returns the files written.
     */
    public List<Path> write(Path dir, String prefix) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, List<Point>> byChart = new LinkedHashMap<>();
        for (Point p : points) {
            byChart.computeIfAbsent(p.chart(), k -> new ArrayList<>()).add(p);
        }
        List<Path> files = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, List<Point>> e : byChart.entrySet()) {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (Point p : e.getValue()) {
                data.addValue(p.value(), p.series(), p.category());
            }
            JFreeChart chart = ChartFactory.createBarChart(e.getKey(), null, e.getValue().get(0).axis(), data,
                    PlotOrientation.VERTICAL, true, false, false);
            chart.setBackgroundPaint(Color.WHITE);
            chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
            chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
            chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
            Path file = dir.resolve(prefix + "-" + (++n) + ".png");
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 560);
            files.add(file);
        }
        return files;
    }
}
