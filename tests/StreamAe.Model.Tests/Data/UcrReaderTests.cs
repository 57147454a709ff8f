using StreamAe.Model.Data;

namespace StreamAe.Model.Tests.Data;

public sealed class UcrReaderTests
{
    [Fact]
    public void Reads_tab_comma_and_space_separated_rows_with_exponents()
    {
        var set = UcrReader.Parse("1\t-0.11252183\t-6.0685538e-05\t2\n2,1.5E+01,3,4\n  1.0   0.5  -4.376041 7 \n", "hash", "test");
        Assert.Equal(3, set.Count);
        Assert.Equal(3, set.WindowLength);
        Assert.Equal([1.0, 2.0, 1.0], set.Labels);
        Assert.Equal([-0.11252183f, -6.0685538e-05f, 2f], set.Window(0).ToArray());
        Assert.Equal([15f, 3f, 4f], set.Window(1).ToArray());
        Assert.Equal([0.5f, -4.376041f, 7f], set.Window(2).ToArray());
        Assert.Equal([false, true, false], set.AnomalousFlags(1));
    }

    [Fact]
    public void Ragged_rows_name_the_line()
    {
        var error = Assert.Throws<FormatException>(() => UcrReader.Parse("1\t1\t2\n1\t1\n", "hash", "file.tsv"));
        Assert.Contains("file.tsv:2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_numbers_name_line_and_field()
    {
        var error = Assert.Throws<FormatException>(() => UcrReader.Parse("1\t1\t2\n1\t1\tNaN\n", "hash", "file.tsv"));
        Assert.Contains("file.tsv:2: field 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_hash_is_the_sha256_of_its_bytes()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "1 1 2\n");
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("1 1 2\n"u8)), UcrReader.Read(path).Sha256);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
