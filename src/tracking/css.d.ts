// uPlot's stylesheet, imported lazily with the chart library (a separate chunk).
declare module 'uplot/dist/uPlot.min.css';
