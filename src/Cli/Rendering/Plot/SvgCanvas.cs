using System.Globalization;
using System.Text;
using System.Xml;

namespace SweepCluster.Cli.Rendering.Plot;

/// <summary>
/// A thin SVG writer over <see cref="XmlWriter"/> (so text is always escaped and the document well formed).
/// Coordinates are written with two decimals, invariant culture. Every shape takes a CSS class so tests
/// and stylesheets can find it.
/// </summary>
internal sealed class SvgCanvas : IDisposable
{
    private const string Ns = "http://www.w3.org/2000/svg";
    private readonly StringBuilder _text = new();
    private readonly XmlWriter _xml;

    public SvgCanvas(double width, double height, string title)
    {
        _xml = XmlWriter.Create(_text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true });
        _xml.WriteStartDocument();
        _xml.WriteStartElement("svg", Ns);
        Attr("width", width);
        Attr("height", height);
        _xml.WriteAttributeString("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {width:0.##} {height:0.##}"));
        _xml.WriteAttributeString("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif");
        _xml.WriteAttributeString("font-size", "12");
        _xml.WriteElementString("title", Ns, title);
        Rect(0, 0, width, height, "background", "#ffffff");
    }

    public void BeginGroup(string cssClass)
    {
        _xml.WriteStartElement("g", Ns);
        _xml.WriteAttributeString("class", cssClass);
    }

    public void EndGroup() => _xml.WriteEndElement();

    public void Line(double x1, double y1, double x2, double y2, string cssClass, string stroke, double width = 1, string? dash = null)
    {
        _xml.WriteStartElement("line", Ns);
        _xml.WriteAttributeString("class", cssClass);
        Attr("x1", x1);
        Attr("y1", y1);
        Attr("x2", x2);
        Attr("y2", y2);
        Stroke(stroke, width, dash);
        _xml.WriteEndElement();
    }

    public void Polyline(IEnumerable<(double X, double Y)> points, string cssClass, string stroke, double width, string? dash = null)
    {
        _xml.WriteStartElement("polyline", Ns);
        _xml.WriteAttributeString("class", cssClass);
        _xml.WriteAttributeString("points", Points(points));
        _xml.WriteAttributeString("fill", "none");
        Stroke(stroke, width, dash);
        _xml.WriteAttributeString("stroke-linejoin", "round");
        _xml.WriteEndElement();
    }

    public void Polygon(IEnumerable<(double X, double Y)> points, string cssClass, string fill, double opacity)
    {
        _xml.WriteStartElement("polygon", Ns);
        _xml.WriteAttributeString("class", cssClass);
        _xml.WriteAttributeString("points", Points(points));
        _xml.WriteAttributeString("fill", fill);
        Attr("fill-opacity", opacity);
        _xml.WriteAttributeString("stroke", "none");
        _xml.WriteEndElement();
    }

    public void Rect(double x, double y, double width, double height, string cssClass, string fill, string? stroke = null, double? fillOpacity = null)
    {
        _xml.WriteStartElement("rect", Ns);
        _xml.WriteAttributeString("class", cssClass);
        Attr("x", x);
        Attr("y", y);
        Attr("width", width);
        Attr("height", height);
        _xml.WriteAttributeString("fill", fill);
        if (fillOpacity is { } o)
        {
            Attr("fill-opacity", o);
        }

        if (stroke is not null)
        {
            Stroke(stroke, 1, null);
        }

        _xml.WriteEndElement();
    }

    public void Circle(double cx, double cy, double r, string cssClass, string fill)
    {
        _xml.WriteStartElement("circle", Ns);
        _xml.WriteAttributeString("class", cssClass);
        Attr("cx", cx);
        Attr("cy", cy);
        Attr("r", r);
        _xml.WriteAttributeString("fill", fill);
        _xml.WriteEndElement();
    }

    /// <param name="anchor">start, middle or end.</param>
    /// <param name="rotate">Degrees, about (x, y).</param>
    public void Text(double x, double y, string text, string cssClass, string anchor = "start", double size = 12, bool bold = false, double rotate = 0, string fill = "#222222")
    {
        _xml.WriteStartElement("text", Ns);
        _xml.WriteAttributeString("class", cssClass);
        Attr("x", x);
        Attr("y", y);
        _xml.WriteAttributeString("text-anchor", anchor);
        Attr("font-size", size);
        _xml.WriteAttributeString("fill", fill);
        if (bold)
        {
            _xml.WriteAttributeString("font-weight", "bold");
        }

        if (rotate != 0)
        {
            _xml.WriteAttributeString("transform", string.Create(CultureInfo.InvariantCulture, $"rotate({rotate:0.##} {x:0.##} {y:0.##})"));
        }

        _xml.WriteString(text);
        _xml.WriteEndElement();
    }

    /// <summary>Closes the document and returns its text.</summary>
    public string Finish()
    {
        _xml.WriteEndElement();
        _xml.WriteEndDocument();
        _xml.Flush();
        return _text.ToString();
    }

    public void Dispose() => _xml.Dispose();

    private void Stroke(string stroke, double width, string? dash)
    {
        _xml.WriteAttributeString("stroke", stroke);
        Attr("stroke-width", width);
        if (dash is not null)
        {
            _xml.WriteAttributeString("stroke-dasharray", dash);
        }
    }

    private void Attr(string name, double value) =>
        _xml.WriteAttributeString(name, value.ToString("0.##", CultureInfo.InvariantCulture));

    private static string Points(IEnumerable<(double X, double Y)> points) =>
        string.Join(" ", points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.##},{p.Y:0.##}")));
}
